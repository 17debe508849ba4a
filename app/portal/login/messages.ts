function waitPhrase(wait: string | undefined): string {
  const minutes = Number(wait);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) return 'a while';
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The email step's errors, shown under the email field. */
export function emailErrorText(error: string | undefined, wait?: string): string | undefined {
  if (error === 'invalid_email') return 'Enter an email address like name@example.com.';
  if (error === 'too_many_codes')
    return `Too many codes were requested for this address. Wait ${waitPhrase(wait)} and try again.`;
  return undefined;
}

/** The code step's errors, shown under the code field. Unknown and known emails read the same. */
export function codeErrorText(error: string | undefined, wait?: string): string | undefined {
  switch (error) {
    case 'format':
      return 'Enter the 6 digits from the email.';
    case 'wrong':
      return "That code isn't right. Check the newest email from us and try again.";
    case 'expired':
      return 'That code has expired: codes last 10 minutes. Send yourself a new one below.';
    case 'locked':
      return 'That code was entered wrongly 5 times, so it no longer works. Send yourself a new one below.';
    case 'none':
      return 'That code can no longer be used. Send yourself a new one below.';
    case 'rate_limited':
      return `Too many tries. Wait ${waitPhrase(wait)}, then send yourself a new code.`;
    default:
      return undefined;
  }
}
