/** Reads `event: balance` messages from a server-sent-events response body. */
export class SseReader {
  private buffer = '';
  private readonly events: Array<{ event: string; data: string }> = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  comments = 0;

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next event, waiting at most `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<{ event: string; data: string }> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no server-sent event in time');
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left)),
      ]);
      if (chunk === 'timeout') continue;
      if (chunk.done) throw new Error('event stream ended');
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
      this.parse();
    }
    return this.events.shift()!;
  }

  async close(): Promise<void> {
    await this.reader.cancel();
  }

  private parse(): void {
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments += 1;
        else if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) this.events.push({ event, data: data.join('\n') });
      end = this.buffer.indexOf('\n\n');
    }
  }
}
