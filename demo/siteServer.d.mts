/** The inline `<script id="rxwire-config" type="application/json">` element carrying `config`. */
export function configTag(config: Record<string, unknown>): string;

export function startSiteServer(options: {
  dir: string;
  config: Record<string, unknown>;
  port?: number;
  host?: string;
}): Promise<{ url: string; port: number; close(): Promise<void> }>;
