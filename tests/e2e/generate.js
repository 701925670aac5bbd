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
