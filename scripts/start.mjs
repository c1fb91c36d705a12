// `npm start`: builds the web shell on first run, then starts the server (API, /docs, web) on embedded
// PGlite in ./data/pglite (or DATABASE_URL) with demo data. Plain JS so it runs before anything is built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('packages/web/dist/index.html')) {
  console.log('首次启动：构建网页（vite build）…');
  const r = spawnSync('npm', ['run', '-s', 'build:web'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
