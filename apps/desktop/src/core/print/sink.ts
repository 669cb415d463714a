/** Where finished PDFs go. Each sink lists its printers and prints exact PDF bytes unscaled. */
export interface SinkPrinter {
  name: string;
  driverName: string;
}

export interface PrintSink {
  readonly kind: 'cups' | 'file' | 'electron';
  listPrinters(): Promise<SinkPrinter[]>;
  print(printerName: string, pdf: Buffer, title: string): Promise<void>;
}
