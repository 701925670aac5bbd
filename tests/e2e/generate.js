// Writes a police.uk street-level file of `rows` rows for tests that need size, not realism:
// real column layout, 12 months, 14 crime types, quoted context cells with commas.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const CRIME_TYPES = [
  'Anti-social behaviour', 'Bicycle theft', 'Burglary', 'Criminal damage and arson', 'Drugs',
  'Other crime', 'Other theft', 'Possession of weapons', 'Public order', 'Robbery', 'Shoplifting',
  'Theft from the person', 'Vehicle crime', 'Violence and sexual offences',
];

export async function writeStreetFile(path, rows) {
  const out = createWriteStream(path);
  out.write('Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n');
  const counts = new Map();
  for (let i = 0; i < rows; i += 1) {
    const month = `2023-${String((i % 12) + 1).padStart(2, '0')}`;
    const type = CRIME_TYPES[(i * 7) % CRIME_TYPES.length];
    counts.set(month, (counts.get(month) ?? 0) + 1);
    const id = type === 'Anti-social behaviour' ? '' : `${i.toString(16).padStart(64, '0')}`;
    const context = i % 97 === 0 ? '"Seen near the A1, ""reported"" later"' : '';
    const line = `${id},${month},West Mercia Police,West Mercia Police,-2.712345,52.712345,On or near Castle Street,E01028${String(i % 1000).padStart(3, '0')},Shropshire 012A,${type},Under investigation,${context}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return counts;
}

// Writes a street file for tests that read one big file in parts: CRLF line endings (as
// police.uk writes them), quoted Context cells with line breaks and commas, and a rejected
// row (month 2023-13) every `rejectEvery` rows. Returns the 1-based lines the rejected rows
// start on, counted here independently of the app.
export async function writeAwkwardStreetFile(path, rows, rejectEvery = 9_973) {
  const out = createWriteStream(path);
  out.write('Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\r\n');
  let line = 2;
  const rejectedLines = [];
  for (let i = 0; i < rows; i += 1) {
    const bad = i % rejectEvery === rejectEvery - 1;
    const month = bad ? '2023-13' : `2023-${String((i % 12) + 1).padStart(2, '0')}`;
    const type = CRIME_TYPES[(i * 5) % CRIME_TYPES.length];
    const id = type === 'Anti-social behaviour' ? '' : i.toString(16).padStart(64, '0');
    const context = i % 53 === 0 ? `"Seen near the A1,\r\n""reported"" later\r\n(${i})"` : '';
    if (bad) rejectedLines.push(line);
    const text = `${id},${month},West Mercia Police,West Mercia Police,-2.712345,52.712345,On or near Castle Street,E01028${String(i % 1000).padStart(3, '0')},Shropshire 012A,${type},Under investigation,${context}\r\n`;
    line += text.split('\r\n').length - 1;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rejectedLines;
}
