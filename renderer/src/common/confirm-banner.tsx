// The confirmation a safety rail asks for before a run that may upset the provider (the back end's
// needs-confirmation: a load above the profile's caps, the acceptance test's caps ramp): the reason
// in the back end's words, then "Run anyway" or Cancel.
export function ConfirmBanner({
  reason,
  testId,
  onConfirm,
  onCancel,
}: {
  readonly reason: string;
  /** "load-confirm": the banner; its buttons are "load-confirm-yes" and "load-confirm-no". */
  readonly testId: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  return (
    <div className="banner confirm" role="alertdialog" data-testid={testId}>
      <p>
        <strong>Confirm:</strong> {reason}
      </p>
      <div className="actions">
        <button type="button" className="primary" data-testid={`${testId}-yes`} onClick={onConfirm}>
          Run anyway
        </button>
        <button type="button" data-testid={`${testId}-no`} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
