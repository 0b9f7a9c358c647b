#!/usr/bin/env node
// Build: TypeScript (src/) -> ES modules (build/esm) -> one AMD file per entry point
// (FileCabinet/SuiteScripts/PayPack/<name>.js), N/* left as AMD dependencies.
//
// Why not `tsc --module amd`? TypeScript 6 deprecates AMD output and 7 removes it, and tsc drops
// the leading `/** @NApiVersion 2.1 @NScriptType ... */` block when a file starts with an import.
// Rollup writes AMD from ES modules with any TypeScript, and the tag block is re-attached as the
// file's banner, read from the entry point's source.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { rollup } from '@rollup/wasm-node';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const esm = join(root, 'build/esm');
const out = join(root, 'FileCabinet/SuiteScripts/PayPack');
const entries = join(root, 'src/scripts');

export function suiteScriptTags(source) {
  const m = /^\s*(\/\*\*[\s\S]*?\*\/)/.exec(source);
  if (!m || !/@NApiVersion\s+2\.1\b/.test(m[1]) || !/@NScriptType\s+\w+/.test(m[1])) return undefined;
  return m[1];
}

async function build() {
  rmSync(esm, { recursive: true, force: true });
  // resolved as Node resolves it (a mutation-testing sandbox has no node_modules of its own while it builds)
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  mkdirSync(out, { recursive: true });
  const names = readdirSync(entries).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
  for (const name of names) {
    const tags = suiteScriptTags(readFileSync(join(entries, `${name}.ts`), 'utf8'));
    if (!tags) throw new Error(`src/scripts/${name}.ts must start with a /** @NApiVersion 2.1 @NScriptType ... */ block`);
    const input = join(esm, 'scripts', `${name}.js`);
    if (!existsSync(input)) throw new Error(`tsc did not emit ${input}`);
    const bundle = await rollup({
      input,
      external: (id) => id === 'N' || id.startsWith('N/'),
      onwarn(w, warn) { if (w.code !== 'CIRCULAR_DEPENDENCY') warn(w); },
    });
    const { output } = await bundle.generate({
      format: 'amd',
      banner: tags,
      generatedCode: 'es2015',
      interop: 'esModule',
      exports: 'named',
      sourcemap: false,
    });
    await bundle.close();
    // written whole, then renamed over the old file: a test loading the bundle meanwhile never reads half a file
    const file = join(out, `${name}.js`);
    writeFileSync(`${file}.tmp`, output[0].code);
    renameSync(`${file}.tmp`, file);
  }
  // files of entry points that no longer exist
  for (const f of readdirSync(out)) if (!names.includes(f.replace(/\.js$/, ''))) rmSync(join(out, f), { force: true });
  console.log(`built ${names.length} SuiteScript files into ${out.replace(root + '/', '')}`);
}

build().catch((e) => {
  console.error(`build failed: ${e.message}`);
  process.exit(1);
});
