/** Every layout's page size, PDF title and drawing function. */
import type { IndiciumArt, IndiciumPlacement } from './indiciumBlock.ts';
import { drawEnvelope, ENVELOPE_SIZES, envelopeIndiciumArea, type EnvelopeLayout } from './layouts/envelope.ts';
import { drawLabel4x6, LABEL_4X6_HEIGHT, LABEL_4X6_WIDTH, label4x6IndiciumArea } from './layouts/label4x6.ts';
import { drawPackageLabel, PACKAGE_LABEL_HEIGHT, PACKAGE_LABEL_WIDTH, packageLabelIndiciumArea } from './layouts/packageLabel.ts';
import { drawTestEnvelope } from './layouts/testEnvelope.ts';
import type { Layout, LayoutContent } from './options.ts';

export type Draw = (doc: PDFKit.PDFDocument, art: IndiciumArt, content: LayoutContent) => void;

export interface Page {
  width: number;
  height: number;
  title: string;
  draw: Draw;
  /** Where the indicium block is and its clear zone (for tests and previews). */
  indiciumArea: (art: IndiciumArt) => IndiciumPlacement;
}

const ENVELOPE_TITLES: Record<EnvelopeLayout, string> = {
  'envelope-6-3-4': 'Envelope #6 3/4',
  'envelope-9': 'Envelope #9',
  'envelope-10': 'Envelope #10',
  'envelope-6x9': 'Envelope 6x9',
  'flat-9x12': 'Flat 9x12',
  'postcard-4x6': 'Postcard 4x6',
};

const envelopes = Object.fromEntries(
  Object.entries(ENVELOPE_SIZES).map(([name, size]) => [
    name,
    {
      width: size.width,
      height: size.height,
      title: ENVELOPE_TITLES[name as EnvelopeLayout],
      draw: ((doc, art, content) => drawEnvelope(size, doc, art, content)) satisfies Draw,
      indiciumArea: (art: IndiciumArt) => envelopeIndiciumArea(size, art),
    },
  ]),
) as Record<EnvelopeLayout, Page>;

export const PAGES: Record<Layout, Page> = {
  'label-4x6': { width: LABEL_4X6_WIDTH, height: LABEL_4X6_HEIGHT, title: 'Postage label 4x6', draw: drawLabel4x6, indiciumArea: label4x6IndiciumArea },
  'package-4x6': {
    width: PACKAGE_LABEL_WIDTH,
    height: PACKAGE_LABEL_HEIGHT,
    title: 'Package label 4x6',
    draw: drawPackageLabel,
    indiciumArea: packageLabelIndiciumArea,
  },
  ...envelopes,
  'test-envelope': { ...envelopes['envelope-10'], title: 'Envelope #10 alignment test', draw: drawTestEnvelope },
};
