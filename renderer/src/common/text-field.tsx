// A labelled one-line text input, as the forms of every screen lay it out (label above, input
// below: styles.css .inline-field). onChange gets the text, not the event.
import type { InputHTMLAttributes } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  readonly 'data-testid'?: string;
};

export function TextField({
  label,
  value,
  onChange,
  ...input
}: InputProps & {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <label className="inline-field">
      <span className="field-label">{label}</span>
      <input {...input} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
