import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProtocolError } from '@vbi/protocol';
import { openSupportServices, type SupportServices } from '../../src/services/index.ts';
import { initDataDir, removeDir, tempDir } from './support-fixture.ts';

describe('printer database and setup results', () => {
  let root: string;
  let dataDir: string;
  let services: SupportServices;

  before(async () => {
    root = tempDir('printers');
    dataDir = await initDataDir(root, (line) => line.includes(',94720,'));
    services = openSupportServices({ dataDir, now: () => new Date('2026-11-24T12:00:00.000Z') });
  });
  after(() => {
    services.close();
    removeDir(root);
  });

  it('recognises thermal label printers by driver and says they cannot print envelopes', () => {
    const zebra = services.printerCheck({ printerName: 'shipping', driverName: 'Zebra ZD420-203dpi ZPL', os: 'linux' });
    assert.equal(zebra.supported, true);
    assert.deepEqual(zebra.profile, { model: 'Zebra ZD420', kind: 'thermal', media: ['label-4x6'], dpi: 203, offsetsMm: { x: 0, y: 0 } });
    assert.match(zebra.notes, /Thermal printers cannot print #10 envelopes/);
    const dymo = services.printerCheck({ printerName: 'DYMO_LabelWriter_4XL', driverName: 'unknown', os: 'darwin' });
    assert.equal(dymo.profile?.model, 'DYMO LabelWriter 4XL');
    assert.equal(dymo.profile?.dpi, 300);
  });

  it('recognises office lasers and inkjets, with envelope media', () => {
    const cases: Array<[string, string, string, string]> = [
      ['HP_LaserJet_Pro_M404n', 'HP LaserJet Pro M404-M405 PCL 6', 'HP LaserJet Pro M404', 'laser'],
      ['Brother', 'Brother HL-L2350DW series', 'Brother HL-L2350DW', 'laser'],
      ['Office', 'Canon imageCLASS MF743C', 'Canon imageCLASS LBP/MF', 'laser'],
      ['EPSON_ET-2800', 'EPSON ET-2800 Series', 'Epson EcoTank', 'inkjet'],
      ['HP OfficeJet Pro 9015', 'HP OfficeJet Pro 9010 series', 'HP OfficeJet', 'inkjet'],
      ['Canon_TR4720', 'Canon PIXMA TR4720', 'Canon PIXMA', 'inkjet'],
    ];
    for (const [printerName, driverName, model, kind] of cases) {
      const answer = services.printerCheck({ printerName, driverName, os: 'linux' });
      assert.equal(answer.supported, true, driverName);
      assert.equal(answer.profile?.model, model, driverName);
      assert.equal(answer.profile?.kind, kind, driverName);
      assert.ok(answer.profile?.media.includes('envelope-10'), driverName);
    }
  });

  it('supports the CUPS-PDF virtual printer for testing', () => {
    const pdf = services.printerCheck({ printerName: 'PDF', driverName: 'Generic CUPS-PDF Printer (no options)', os: 'linux' });
    assert.equal(pdf.supported, true);
    assert.equal(pdf.profile?.model, 'CUPS-PDF virtual printer');
    assert.equal(services.printerCheck({ printerName: 'PDF', driverName: '', os: 'linux' }).supported, true);
  });

  it('answers unsupported for narrow label printers, text-only drivers and unknown models', () => {
    const narrow = services.printerCheck({ printerName: 'dymo', driverName: 'DYMO LabelWriter 450 Turbo', os: 'linux' });
    assert.equal(narrow.supported, false);
    assert.equal(narrow.profile, undefined);
    assert.match(narrow.notes, /too narrow/);
    const text = services.printerCheck({ printerName: 'lp0', driverName: 'Generic Text-Only Printer', os: 'linux' });
    assert.equal(text.supported, false);
    assert.match(text.notes, /cannot print the Data Matrix/);
    const unknown = services.printerCheck({ printerName: 'Acme 9000', driverName: 'Acme Dot Matrix', os: 'win32' });
    assert.equal(unknown.supported, false);
    assert.match(unknown.notes, /not in the printer database/);
  });

  it('stores setup results per meter, newest first, across a reopen', () => {
    services.recordPrinterResult('meter-a', { printerName: 'PDF', media: 'envelope-10', offsetsMm: { x: 1.5, y: -0.5 }, passed: false });
    services.recordPrinterResult('meter-a', { printerName: 'PDF', media: 'envelope-10', offsetsMm: { x: 1, y: -0.5 }, passed: true });
    services.recordPrinterResult('meter-b', { printerName: 'Zebra', media: 'label-4x6', offsetsMm: { x: 0, y: 0 }, passed: true });
    const reopened = openSupportServices({ dataDir });
    try {
      assert.deepEqual(reopened.printerResultsFor('meter-a'), [
        { printerName: 'PDF', media: 'envelope-10', offsetsMm: { x: 1, y: -0.5 }, passed: true, at: '2026-11-24T12:00:00.000Z' },
        { printerName: 'PDF', media: 'envelope-10', offsetsMm: { x: 1.5, y: -0.5 }, passed: false, at: '2026-11-24T12:00:00.000Z' },
      ]);
      assert.equal(reopened.printerResultsFor('meter-b').length, 1);
      assert.deepEqual(reopened.printerResultsFor('meter-c'), []);
    } finally {
      reopened.close();
    }
  });

  it('refuses an off-schema result and stores nothing', () => {
    const bad = [
      { printerName: 'PDF', media: 'envelope-10', offsetsMm: { x: 30, y: 0 }, passed: true },
      { printerName: '', media: 'envelope-10', offsetsMm: { x: 0, y: 0 }, passed: true },
      { printerName: 'PDF', media: 'envelope-10', offsetsMm: { x: Number.NaN, y: 0 }, passed: true },
    ];
    for (const result of bad) {
      assert.throws(
        () => services.recordPrinterResult('meter-d', result),
        (err: unknown) => err instanceof ProtocolError && err.code === 'BAD_REQUEST',
      );
    }
    assert.deepEqual(services.printerResultsFor('meter-d'), []);
  });
});
