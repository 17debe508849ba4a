type AccountNotice = { tone: 'info' | 'warning' | 'success'; title: string; body: string };

const notices: Record<string, AccountNotice> = {
  portal_unavailable: {
    tone: 'warning',
    title: 'The billing portal could not be opened.',
    body: 'The billing service did not answer. Nothing has changed; please try again in a minute.',
  },
  switched: {
    tone: 'success',
    title: 'Switched account.',
    body: 'You are now signed in with the account shown below.',
  },
  switch_refused: {
    tone: 'warning',
    title: 'That account could not be opened.',
    body: 'Only the accounts listed under your email can be used here. Nothing changed.',
  },
  switch_unavailable: {
    tone: 'warning',
    title: 'The account could not be switched just now.',
    body: 'The billing service did not answer. Nothing changed; please try again in a minute.',
  },
  already_subscribed: {
    tone: 'info',
    title: 'You already have a membership.',
    body: 'To change plan, use Manage billing below instead of subscribing again.',
  },
};

export function accountNotice(notice: string | undefined): AccountNotice | undefined {
  return notice && Object.hasOwn(notices, notice) ? notices[notice] : undefined;
}
