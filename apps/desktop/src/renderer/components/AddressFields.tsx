/** @jsxRuntime automatic @jsxImportSource react */
/**
 * One address with live matching: as the person types, the vault's matcher suggests
 * standardised addresses (best first) to pick from; "use as entered" is a clear override
 * that carries a warning.
 */
import { useEffect, useState } from 'react';
import type { CallOutput, MailAddress } from '../../shared/contract.ts';
import type { AddressCheck } from '../store/compose-draft.ts';
import { useApp } from '../store/context.tsx';
import { Field } from './Field.tsx';

type Match = CallOutput<'matchAddress'>;

interface Props {
  title: string;
  value: MailAddress;
  check: AddressCheck;
  onChange(value: MailAddress, check: AddressCheck): void;
}

const MATCH_LABEL: Record<string, string> = {
  exact: 'exact match',
  standardized: 'standardised',
  zip_corrected: 'ZIP corrected',
  city_corrected: 'city corrected',
  street_corrected: 'street spelling corrected',
  number_not_found: 'house number not found on this street',
};

export function AddressFields({ title, value, check, onChange }: Props) {
  const bridge = useApp((s) => s.bridge);
  const [match, setMatch] = useState<Match | null>(null);
  const [matchError, setMatchError] = useState<string | null>(null);
  const slug = title.toLowerCase().replace(/\W+/g, '-');

  useEffect(() => {
    if (check !== 'unchecked' || value.street.trim().length < 3 || (!value.zip && !value.city)) {
      setMatch(null);
      setMatchError(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      bridge
        .matchAddress({ street: value.street, secondary: value.secondary, city: value.city, state: value.state, zip: value.zip })
        .then((m) => live && (setMatch(m), setMatchError(null)))
        .catch((e: Error) => live && setMatchError(e.message));
    }, 350);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, check, value.street, value.secondary, value.city, value.state, value.zip]);

  const set = (part: keyof MailAddress) => (e: { target: { value: string } }) => onChange({ ...value, [part]: e.target.value }, 'unchecked');

  return (
    <fieldset className="address">
      <legend>{title}</legend>
      <Field label="Name" value={value.name} onChange={set('name')} maxLength={64} />
      <Field label="Street address" value={value.street} onChange={set('street')} maxLength={100} required />
      <Field label="Apartment, suite, unit" value={value.secondary} onChange={set('secondary')} maxLength={64} />
      <div className="row">
        <Field label="City" value={value.city} onChange={set('city')} maxLength={64} />
        <Field label="State" value={value.state} onChange={set('state')} maxLength={32} />
        <Field label="ZIP code" value={value.zip} onChange={set('zip')} maxLength={10} inputMode="numeric" />
      </div>
      {check === 'matched' ? (
        <p className="ok-text" role="status">
          <span aria-hidden="true">✓</span> Address matched to the postal database.
        </p>
      ) : null}
      {check === 'as-entered' ? (
        <p className="warn-text" role="note">
          Using the address as entered, not as the postal database has it: mail may be delayed or returned.
        </p>
      ) : null}
      {check === 'unchecked' && matchError ? <p className="warn-text" role="status">Address check unavailable: {matchError}</p> : null}
      {check === 'unchecked' && match ? (
        <div className="suggestions" aria-live="polite">
          <p id={`${slug}-sugg`}>
            {match.status === 'exact' ? 'Found:' : match.status === 'not_found' ? 'No matching address found.' : 'Did you mean:'}
          </p>
          {match.candidates.length > 0 ? (
            <ul aria-labelledby={`${slug}-sugg`}>
              {match.candidates.map((c, i) => (
                <li key={i}>
                  <button
                    type="button"
                    onClick={() => onChange({ name: value.name, street: c.address.street, secondary: c.address.secondary, city: c.address.city, state: c.address.state, zip: c.address.zip }, 'matched')}
                  >
                    {c.address.street}
                    {c.address.secondary ? ` ${c.address.secondary}` : ''}, {c.address.city} {c.address.state} {c.address.zip}
                  </button>{' '}
                  <span className="hint">{MATCH_LABEL[c.matchType] ?? c.matchType}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {check === 'unchecked' && (match || matchError) ? (
        <p>
          <button type="button" className="link" aria-describedby={`${slug}-as-entered`} onClick={() => onChange(value, 'as-entered')}>
            Use as entered
          </button>{' '}
          <span id={`${slug}-as-entered`} className="hint">
            (not checked against the postal database: mail may be delayed or returned)
          </span>
        </p>
      ) : null}
    </fieldset>
  );
}
