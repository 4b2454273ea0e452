import yauzl from 'yauzl';

/** Every entry of a zip by name, read with yauzl (not with the server's own reader, which is under test). */
export function zipEntries(archive: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, async (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
      zip.readEntry();
    });
  });
}

/** The manifest of a package as the exporter writes it. */
export interface ZippedManifest {
  kind: string;
  id: string;
  labs: { id: string; version: number }[];
  files: { path: string; sha256: string; size: number }[];
}

/** A package's entries and its manifest. */
export async function readPackageZip(
  archive: Buffer,
): Promise<{ entries: Map<string, Buffer>; manifest: ZippedManifest }> {
  const entries = await zipEntries(archive);
  const manifest = JSON.parse(entries.get('casebench-package.json')!.toString('utf8')) as ZippedManifest;
  return { entries, manifest };
}
