import { AuthPanel } from '@/components/portal/auth-panel';
import { AlertIcon } from '@/components/portal/icons';

export default function CheckoutNotFound() {
  return (
    <AuthPanel
      tone="warning"
      icon={<AlertIcon />}
      title="We can't find this checkout"
      intro={
        <p data-testid="checkout-state">
          The link may be incomplete, or the checkout was never made. Nothing was charged. Go back to the
          website and start again.
        </p>
      }
    />
  );
}
