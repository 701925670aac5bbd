// Hostile files too big to keep in the repository, made at test time (the native tests make
// the same ones with tests/support/hostile_files.rs; tests/data/hostile/README.md lists
// every case and what the app should do with it).
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { crc32, deflateRawSync } from 'node:zlib';

export const STREET_HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

export const streetRow = (i, month) =>
  `id${String(i).padStart(6, '0')},${month},City of London Police,City of London Police,-0.09,51.51,On or near Cheapside,E01000001,City of London 001A,Burglary,Under investigation,`;

/** A street file: `before` good rows, one line of `lineBytes` bytes, `after` good rows. */
export async function writeLongLineFile(path, lineBytes, before = 3, after = 3) {
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${STREET_HEADER}\n`);
  for (let i = 0; i < before; i += 1) await write(`${streetRow(i, '2023-01')}\n`);
  const block = Buffer.alloc(1 << 20, 'x');
  for (let left = lineBytes; left > 0; left -= block.length) await write(left >= block.length ? block : block.subarray(0, left));
  await write('\n');
  for (let i = before; i < before + after; i += 1) await write(`${streetRow(i, '2023-01')}\n`);
  out.end();
  await once(out, 'finish');
}

/** A street file widened to `columns` columns, with `rows` rows in January 2023. */
export function writeManyColumnsFile(path, columns, rows) {
  const extra = [];
  for (let c = 13; c <= columns; c += 1) extra.push(`Extra ${c}`);
  const padding = ',0'.repeat(Math.max(0, columns - 12));
  const lines = [`${STREET_HEADER},${extra.join(',')}`];
  for (let i = 0; i < rows; i += 1) lines.push(`${streetRow(i, '2023-01')}${padding}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** A zip written by hand, so names and sizes can say what a hostile archive says. Entries
 * sharing one Buffer are compressed once. */
export function writeZip(path, entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  const packed = new Map();
  for (const { name, data, declaredSize } of entries) {
    if (!packed.has(data)) packed.set(data, { bytes: deflateRawSync(data, { level: 9 }), crc: crc32(data) });
    const { bytes, crc } = packed.get(data);
    const nameBytes = Buffer.from(name);
    const fixed = Buffer.alloc(26);
    fixed.writeUInt16LE(20, 0); // version needed
    fixed.writeUInt16LE(0, 2); // flags
    fixed.writeUInt16LE(8, 4); // deflate
    fixed.writeUInt32LE(0, 6); // time, date
    fixed.writeUInt32LE(crc >>> 0, 10);
    fixed.writeUInt32LE(bytes.length, 14);
    fixed.writeUInt32LE(declaredSize ?? data.length, 18);
    fixed.writeUInt16LE(nameBytes.length, 22);
    fixed.writeUInt16LE(0, 24); // extra
    locals.push(Buffer.from('PK\x03\x04', 'latin1'), fixed, nameBytes, bytes);
    const tail = Buffer.alloc(14); // comment length, disk, internal and external attributes, offset
    tail.writeUInt32LE(offset, 10);
    central.push(Buffer.from('PK\x01\x02', 'latin1'), Buffer.from([20, 0]), fixed, tail, nameBytes);
    offset += 4 + fixed.length + nameBytes.length + bytes.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.write('PK\x05\x06', 0, 'latin1');
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
}

/** Hundreds of entries of zeros, each too small to judge alone, and one real street file. */
export function writeManyEntryZipBomb(path, entries = 300, entryBytes = 9 * 1024 * 1024) {
  const zeros = Buffer.alloc(entryBytes, '0');
  const good = Buffer.from(`${STREET_HEADER}\n${streetRow(1, '2023-02')}\n`);
  const list = [{ name: '2023-02/2023-02-city-of-london-street.csv', data: good }];
  for (let i = 0; i < entries; i += 1) list.push({ name: `bomb/${String(i).padStart(3, '0')}.csv`, data: zeros });
  writeZip(path, list);
}

/** A data.police.uk-style zip of `files` monthly street files from January 2011 (months
 * police.uk could have published: 180 files reach December 2025). Returns the rows in all. */
export function writeManyFilesZip(path, files, rows) {
  const list = [];
  for (let f = 0; f < files; f += 1) {
    const month = `${2011 + Math.floor(f / 12)}-${String((f % 12) + 1).padStart(2, '0')}`;
    const lines = [STREET_HEADER];
    for (let i = 0; i < rows; i += 1) lines.push(streetRow(i, month));
    list.push({ name: `${month}/${month}-city-of-london-street.csv`, data: Buffer.from(`${lines.join('\n')}\n`) });
  }
  writeZip(path, list);
  return files * rows;
}
