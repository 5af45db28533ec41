import { useLab } from '../../store/lab-store';
import { defaultRecipe } from '../../settings/schema';
import { RESTORED_NOTICE } from '../use-url-sync';

/**
 * Notices about where the recipe came from: that the last recipe was restored (with a way back
 * to the defaults), and any settings in the link that could not be used, each in plain words
 * (the codec already cut echoed values short). Dismissible.
 */
export function NoticeBanner() {
  const notices = useLab((s) => s.notices);
  const dismiss = useLab((s) => s.dismissNotices);
  const replaceRecipe = useLab((s) => s.replaceRecipe);
  if (notices.length === 0) return null;
  const restored = notices.includes(RESTORED_NOTICE);
  const problems = notices.filter((n) => n !== RESTORED_NOTICE);
  return (
    <div className="banner banner-notice" role="status" data-testid="notices">
      {restored && <p>{RESTORED_NOTICE}</p>}
      {problems.length > 0 && (
        <>
          <p>Some settings could not be used; the lab used safe values instead:</p>
          <ul>
            {problems.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      )}
      {restored && (
        <button type="button" onClick={() => replaceRecipe(defaultRecipe())}>
          Start from the defaults
        </button>
      )}{' '}
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
