/**
 * What a piece can print on, as a shipper picks it: a layout of packages/indicia, alone on its page
 * or two to an 8.5 × 11 in sheet. Browser-safe (Compose and the batch screen offer the same list).
 */
import type { Layout, Sheet } from './contract.ts';

export interface LabelChoice {
  id: string;
  layout: Layout;
  sheet?: Sheet;
  label: string;
}

export const LABEL_CHOICES: readonly LabelChoice[] = [
  { id: 'envelope-10', layout: 'envelope-10', label: '#10 envelope (4⅛ × 9½ in)' },
  { id: 'envelope-9', layout: 'envelope-9', label: '#9 envelope (3⅞ × 8⅞ in)' },
  { id: 'envelope-6-3-4', layout: 'envelope-6-3-4', label: '6¾ envelope (3⅝ × 6½ in)' },
  { id: 'envelope-6x9', layout: 'envelope-6x9', label: '6 × 9 in envelope' },
  { id: 'flat-9x12', layout: 'flat-9x12', label: '9 × 12 in large envelope' },
  { id: 'label-4x6', layout: 'label-4x6', label: '4×6 label' },
  { id: 'package-4x6', layout: 'package-4x6', label: '4×6 package label (service banner, tracking area)' },
  { id: 'package-4x6-letter-2up', layout: 'package-4x6', sheet: 'letter-2up', label: '8.5×11 sheet, two 4×6 package labels' },
  { id: 'label-4x6-letter-2up', layout: 'label-4x6', sheet: 'letter-2up', label: '8.5×11 sheet, two 4×6 labels' },
];

export function labelChoiceOf(layout: Layout, sheet: Sheet | undefined): LabelChoice {
  return LABEL_CHOICES.find((c) => c.layout === layout && c.sheet === sheet) ?? LABEL_CHOICES[0]!;
}
