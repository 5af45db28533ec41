import { useLab } from '../../store/lab-store';

/** Problems found in the link's settings; the lab started with safe values instead. */
export function NoticeBanner() {
  const notices = useLab((s) => s.notices);
  const dismiss = useLab((s) => s.dismissNotices);
  if (notices.length === 0) return null;
  return (
    <div className="banner banner-notice" role="status" data-testid="notices">
      <p>Some settings in this link could not be used:</p>
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
