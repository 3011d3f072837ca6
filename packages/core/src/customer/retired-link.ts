/** A customer's links (concern, verdict, profile) once the customer was erased on request: they open nothing. */
import { VisibleError } from "../error.ts";
import { get, type Customer } from "./index.ts";

/** The refusal of an erased customer's link (410 link_retired), carrying the language its page is shown in. */
export class LinkRetired extends VisibleError {
  constructor(readonly customer: Pick<Customer, "language">) {
    super("gone", "link_retired", "This link no longer works.");
  }
}

/** The customer a link opens, as they are now (undefined for an unknown id); 410 link_retired once they were erased on request. */
export async function linkedCustomer(customerId: string): Promise<Customer | undefined> {
  const customer = await get(customerId);
  if (customer?.erasedAt) throw new LinkRetired(customer);
  return customer;
}
