import { createRequestContext } from "@/server/api/context";
import { exportDownload } from "@/server/backup/download";

export const dynamic = "force-dynamic";

/** Downloads the organisation's export as a JSON file (admins and owners; others: 403, non-members: 404). */
export async function GET(req: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  return exportDownload(await createRequestContext(req.headers), org);
}
