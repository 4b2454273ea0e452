/** Bytes per row of the hex view, as in xxd and every hex editor. */
export const BYTES_PER_ROW = 16;
/** Bytes per page: 16 rows, one screen of the viewer. */
export const BYTES_PER_PAGE = 256;

export interface HexRow {
  /** Offset of the row's first byte, as 8 hexadecimal digits. */
  offset: string;
  /** The bytes as two-digit hex pairs separated by spaces. */
  hex: string;
  /** The bytes as text: printable ASCII as is, anything else as a dot. */
  ascii: string;
}

/** The rows of a page of bytes, from the hex string the server sends. */
export function hexRows(start: number, hex: string): HexRow[] {
  const rows: HexRow[] = [];
  const byteCount = hex.length / 2;
  for (let row = 0; row < byteCount; row += BYTES_PER_ROW) {
    const pairs: string[] = [];
    let ascii = '';
    for (let index = row; index < Math.min(row + BYTES_PER_ROW, byteCount); index++) {
      const pair = hex.slice(index * 2, index * 2 + 2);
      const code = Number.parseInt(pair, 16);
      pairs.push(pair);
      ascii += code >= 0x20 && code <= 0x7e ? String.fromCharCode(code) : '.';
    }
    rows.push({ offset: (start + row).toString(16).padStart(8, '0'), hex: pairs.join(' '), ascii });
  }
  return rows;
}

/** An offset typed by a person: decimal, or hexadecimal with 0x (as in the offset column); undefined if neither. */
export function parseOffset(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  const value = /^0x[0-9a-f]+$/u.test(trimmed)
    ? Number.parseInt(trimmed.slice(2), 16)
    : /^\d+$/u.test(trimmed)
      ? Number(trimmed)
      : Number.NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The start of the page that holds a byte, so paging stays aligned to rows. */
export function pageStart(offset: number, size: number): number {
  const last = Math.max(0, size - 1);
  const clamped = Math.min(Math.max(0, offset), last);
  return clamped - (clamped % BYTES_PER_ROW);
}

/** The start of the last page of a file, aligned to rows. */
export function lastPageStart(size: number): number {
  if (size <= BYTES_PER_PAGE) return 0;
  const start = size - BYTES_PER_PAGE;
  return start + ((BYTES_PER_ROW - (start % BYTES_PER_ROW)) % BYTES_PER_ROW);
}
