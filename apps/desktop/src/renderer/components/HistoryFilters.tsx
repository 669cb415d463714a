/** @jsxRuntime automatic @jsxImportSource react */
/** Search and filters of History: text, mailing dates, class, status. */
import { useId } from 'react';
import { MAIL_CLASS_CHOICES } from '../../shared/mail-classes.ts';
import { NO_FILTER, STATUS_WORDS, type HistoryFilter } from '../store/history-filter.ts';
import { Field } from './Field.tsx';

export function HistoryFilters({ filter, onChange }: { filter: HistoryFilter; onChange(f: HistoryFilter): void }) {
  const classId = useId();
  const statusId = useId();
  const set = (patch: Partial<HistoryFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className="filters" role="search" aria-label="Search pieces">
      <div className="row">
        <Field label="Search" type="search" placeholder="Name, street, ZIP or piece number" value={filter.text} onChange={(e) => set({ text: e.target.value })} />
        <Field label="Mailed from" type="date" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
        <Field label="Mailed to" type="date" value={filter.to} onChange={(e) => set({ to: e.target.value })} />
        <div className="field">
          <label htmlFor={classId}>Class</label>
          <select id={classId} value={filter.rateCategory} onChange={(e) => set({ rateCategory: e.target.value })}>
            <option value="">All classes</option>
            {MAIL_CLASS_CHOICES.map(([c, info]) => (
              <option key={c} value={info.rateCategory}>
                {info.uiLabel}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select id={statusId} value={filter.status} onChange={(e) => set({ status: e.target.value as HistoryFilter['status'] })}>
            <option value="">Any status</option>
            {Object.entries(STATUS_WORDS).map(([s, words]) => (
              <option key={s} value={s}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="link" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      </div>
    </div>
  );
}
