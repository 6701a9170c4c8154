// A TypeDoc plugin: names each module by the import a user writes (`@rxwire/bayeux`,
// `@rxwire/core/testing`) instead of its folder (`bayeux/src`, `core/src/testing`), which is what
// TypeDoc derives from the entry points' paths. The package's name comes from its package.json.
import { readFileSync } from 'node:fs';
import { Converter, ReflectionKind } from 'typedoc';

/** `bayeux/src` -> `@rxwire/bayeux`; `core/src/testing` -> `@rxwire/core/testing`. */
export function packageModuleName(folderName, readManifest) {
  const match = /^(?:packages\/)?([\w-]+)\/src(?:\/(.+?))?(?:\/index)?$/.exec(folderName);
  if (!match) return undefined;
  const [, dir, subpath] = match;
  const manifest = readManifest(dir);
  return manifest?.name ? `${manifest.name}${subpath ? `/${subpath}` : ''}` : undefined;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const readManifest = (dir) => {
    try {
      return JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8'));
    } catch {
      return undefined;
    }
  };
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = packageModuleName(module.name, readManifest);
      if (name) module.name = name;
    }
  });
}
