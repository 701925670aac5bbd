import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { test, expect } from '@playwright/test';

const LIMIT_BYTES = 350 * 1000;

test('the shipped wasm is at most 350 KB brotli-compressed', () => {
  const wasm = readdirSync('dist').filter((f) => f.endsWith('.wasm'));
  expect(wasm).toHaveLength(1);
  const raw = readFileSync(`dist/${wasm[0]}`);
  const brotli = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  mkdirSync('artifacts', { recursive: true });
  writeFileSync('artifacts/wasm-size.txt', `${wasm[0]}: ${raw.length} bytes raw, ${brotli.length} bytes brotli (quality 11)\n`);
  expect(brotli.length).toBeLessThanOrEqual(LIMIT_BYTES);
});
