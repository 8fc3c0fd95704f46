import { type FileHandle, open } from 'node:fs/promises';
import { importReportHeader } from './import-report.ts';

/** The report file as of the last committed chunk: what a crashed run appended after it is cut off. */
export class ReportFile {
  private constructor(
    private readonly handle: FileHandle,
    public end: number,
  ) {}

  static async open(path: string, committedBytes: number): Promise<ReportFile> {
    const handle = await open(path, 'r+').catch(() => open(path, 'w+'));
    await handle.truncate(committedBytes);
    const report = new ReportFile(handle, committedBytes);
    if (committedBytes === 0) report.end = await report.append(importReportHeader());
    return report;
  }

  /** Writes after the committed end and syncs; the caller commits the new end with the chunk. */
  async append(text: string): Promise<number> {
    if (text === '') return this.end;
    const bytes = Buffer.from(text, 'utf8');
    await this.handle.write(bytes, 0, bytes.length, this.end);
    await this.handle.sync();
    return this.end + bytes.length;
  }

  close = () => this.handle.close();
}
