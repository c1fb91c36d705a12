/**
 * The embedded database's folder (DATA_DIR). PGlite creates only the last folder of the path, so a fresh
 * clone's `./data/pglite` would fail; this creates it with its parents and explains, in one line, a path
 * that cannot hold the data (a file, a parent that is a file, no permission).
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The first existing path from `path` upwards (a folder this user may not search counts as the end). */
function firstExisting(path: string): string {
  let p = path;
  for (;;) {
    try {
      statSync(p);
      return p;
    } catch (e) {
      const up = dirname(p);
      const code = (e as NodeJS.ErrnoException).code;
      if (up === p || (code !== 'ENOENT' && code !== 'ENOTDIR')) return up;
      p = up;
    }
  }
}

const problem = (dir: string, zh: string, en: string) =>
  `数据目录不可用：DATA_DIR=${dir} ${zh} / data folder unusable: DATA_DIR=${dir} ${en}`;

/**
 * Creates `dir` and its parents when missing and checks the server can read and write it. Returns null
 * when it is usable, else a one-line Chinese + English explanation.
 */
export function prepareDataDir(dir: string): string | null {
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const blocker = firstExisting(abs);
      return blocker === abs
        ? problem(dir, '是一个文件，不是目录', 'is a file, not a folder')
        : problem(
            dir,
            `的上级 ${blocker} 是一个文件，不是目录`,
            `has a parent ${blocker} that is a file, not a folder`,
          );
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      return problem(
        dir,
        `无法创建（${firstExisting(abs)} 没有写权限）`,
        `cannot be created (no permission to write in ${firstExisting(abs)})`,
      );
    return problem(dir, `无法创建（${code ?? String(e)}）`, `cannot be created (${(e as Error).message})`);
  }
  if (!statSync(abs).isDirectory()) return problem(dir, '是一个文件，不是目录', 'is a file, not a folder');
  try {
    accessSync(abs, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch {
    return problem(dir, '没有读写权限', 'is not readable and writable by this user');
  }
  return null;
}
