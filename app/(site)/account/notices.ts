type AccountNotice = { tone: 'info' | 'warning' | 'success'; title: string; body: string };

const notices: Record<string, AccountNotice> = {
  portal_unavailable: {
    tone: 'warning',
    title: 'The billing portal could not be opened.',
    body: 'The billing service did not answer. Nothing has changed; please try again in a minute.',
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
