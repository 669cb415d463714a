/** @jsxRuntime automatic @jsxImportSource react */
/**
 * One address with live matching: as the person types, the vault's matcher suggests
 * standardised addresses (best first), each with why it differs; "use as entered" is a clear
 * override that carries a warning. A whole address typed into Street is looked up too.
 */
import { useEffect, useRef, useState } from 'react';
import type { CallOutput, MailAddress } from '../../shared/contract.ts';
import type { AddressCheck } from '../store/compose-draft.ts';
import { useApp } from '../store/context.tsx';
import { looksLikeWholeAddress, matchReasons, stateMismatch } from '../../shared/match-reasons.ts';
import { Field } from './Field.tsx';

type Match = CallOutput<'matchAddress'>;

interface Props {
  title: string;
  value: MailAddress;
  check: AddressCheck;
  onChange(value: MailAddress, check: AddressCheck): void;
}

export function AddressFields({ title, value, check, onChange }: Props) {
  const bridge = useApp((s) => s.bridge);
  const [match, setMatch] = useState<Match | null>(null);
  const [matchError, setMatchError] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ unitMissing: boolean } | null>(null);
  const confirmation = useRef<HTMLParagraphElement>(null);
  const slug = title.toLowerCase().replace(/\W+/g, '-');
  const whole = looksLikeWholeAddress(value.street);
  const lookupPossible = value.street.trim().length >= 3 && (value.zip !== '' || value.city !== '' || whole);

  useEffect(() => {
    if (check !== 'unchecked' || !lookupPossible) {
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
  }, [bridge, check, lookupPossible, value.street, value.secondary, value.city, value.state, value.zip]);

  // After a pick the focus goes to its confirmation, not to <body>.
  useEffect(() => {
    if (check === 'matched' && picked) confirmation.current?.focus();
  }, [check, picked]);

  const set = (part: keyof MailAddress) => (e: { target: { value: string } }) => {
    setPicked(null);
    onChange({ ...value, [part]: e.target.value }, 'unchecked');
  };
  const mismatch = check === 'unchecked' && match ? stateMismatch(value, match.zipInfo) : null;

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
        <p className="ok-text" role="status" tabIndex={-1} ref={confirmation}>
          <span aria-hidden="true">✓</span> Address matched to the postal database.
          {picked?.unitMissing ? <span className="warn-text"> This building has apartments or suites: add yours under “Apartment, suite, unit”.</span> : null}
        </p>
      ) : null}
      {check === 'as-entered' ? (
        <p className="warn-text" role="note">
          Using the address as entered, not as the postal database has it: mail may be delayed or returned.
        </p>
      ) : null}
      {check === 'unchecked' && value.street.trim().length >= 3 && !lookupPossible ? <p className="hint">Add the city or ZIP code to check this address.</p> : null}
      {check === 'unchecked' && matchError ? <p className="warn-text" role="status">Address check unavailable: {matchError}</p> : null}
      {mismatch ? (
        <p className="warn-text" role="status">
          {mismatch}
        </p>
      ) : null}
      {check === 'unchecked' && match ? (
        <div className="suggestions" aria-live="polite">
          <p id={`${slug}-sugg`}>
            {match.status === 'exact' ? 'Found:' : match.status === 'not_found' ? 'No matching address found. Check the street and number, or use it as entered.' : 'Did you mean:'}
          </p>
          {match.candidates.length > 0 ? (
            <ul aria-labelledby={`${slug}-sugg`}>
              {match.candidates.map((c, i) => (
                <li key={i}>
                  <button
                    type="button"
                    onClick={() => {
                      setPicked({ unitMissing: c.unitMissing === true && value.secondary.trim() === '' });
                      onChange({ name: value.name, street: c.address.street, secondary: c.address.secondary, city: c.address.city, state: c.address.state, zip: c.address.zip }, 'matched');
                    }}
                  >
                    {c.address.street}
                    {c.address.secondary ? ` ${c.address.secondary}` : ''}, {c.address.city} {c.address.state} {c.address.zip}
                  </button>{' '}
                  <span className={c.unitMissing || c.matchType === 'number_not_found' ? 'warn-text' : 'hint'}>{matchReasons(value, c).join(' · ')}</span>
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
