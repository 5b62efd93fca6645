import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number in E.164 (`+8613800138000`), read in the customer's country (China by default), or null when
 * it is not a valid number there. Storing one form makes duplicate detection and search by number work.
 */
export function normalizePhone(raw: string, country = 'CN'): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), country.toUpperCase() as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}
