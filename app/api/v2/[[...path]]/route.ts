import { handleApiRequest } from '@/lib/provider/api/router';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ path?: string[] }> };

async function serve(request: Request, { params }: Context) {
  return handleApiRequest(request, (await params).path ?? []);
}

export {
  serve as DELETE,
  serve as GET,
  serve as HEAD,
  serve as OPTIONS,
  serve as PATCH,
  serve as POST,
  serve as PUT,
};
