/** Another delivery holds the work (a campaign batch's or an import chunk's lease); the stream delivers it again later. */
export class WorkBusy extends Error {
  override name = "WorkBusy";
}
