import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  customerKinds,
  customFieldTypes,
  lifecycleStages,
  linkRoles,
  valueClasses,
} from '#src/modules/customers/customers.schema.ts';
import { rfmSegmentNames, rfmSegments } from '#src/modules/analytics/rfm.segments.ts';
import type { Locale } from '#src/shared/schema.ts';
import type { CustomerListQuery } from '#src/modules/customers/customers.schema.ts';
import { interactionChannels, interactionDirections } from '#src/modules/interactions/interactions.schema.ts';
import { chinaDivisions } from '../data/china-divisions.ts';
import { countryName } from './format.ts';

/** An RFM segment's name in the interface language (the names are defined with the segments). */
export const rfmSegmentName = (segment: (typeof rfmSegments)[number], language: string): string =>
  rfmSegmentNames[segment][(language in rfmSegmentNames[segment] ? language : 'en') as Locale];

/** Select options of the customer enums, labelled in the interface language. */
export function useCustomerOptions() {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({
      kinds: customerKinds.map((value) => ({ value, label: t(`customers.kinds.${value}`) })),
      stages: lifecycleStages.map((value) => ({ value, label: t(`customers.stages.${value}`) })),
      valueClasses: valueClasses.map((value) => ({ value, label: value })),
      segments: rfmSegments.map((value) => ({ value, label: rfmSegmentName(value, i18n.language) })),
      linkRoles: linkRoles.map((value) => ({ value, label: t(`customers.links.roles.${value}`) })),
      channels: interactionChannels.map((value) => ({ value, label: t(`customers.channels.${value}`) })),
      directions: interactionDirections.map((value) => ({
        value,
        label: t(`customers.directions.${value}`),
      })),
      fieldTypes: customFieldTypes.map((value) => ({
        value,
        label: t(`customers.customFields.types.${value}`),
      })),
      genders: (['male', 'female'] as const).map((value) => ({
        value,
        label: t(`customers.genders.${value}`),
      })),
      /** Province → city for the address picker; province names in English for the English interface. */
      regions: chinaDivisions.map((province) => ({
        value: province.name,
        label: i18n.language === 'en' ? `${province.en} ${province.name}` : province.name,
        children: province.cities.map((city) => ({ value: city, label: city })),
      })),
      countries: countries.map((code) => ({ value: code, label: `${countryName(code)} (${code})` })),
    }),
    [t, i18n.language],
  );
}

/** Countries offered in the address; China first, where province and city come from the division list. */
const countries = (
  'CN US GB CA AU NZ SG MY TH VN ID PH JP KR IN AE SA DE FR IT ES NL BE CH AT SE NO DK FI IE PL PT RU TR BR MX ' +
  'AR CL ZA EG NG KE'
).split(' ');

type Sort = CustomerListQuery['sort'];

/** List sorts with their labels' message keys. */
export const sortLabels = {
  name: 'nameAsc',
  '-name': 'nameDesc',
  '-createdAt': 'createdDesc',
  createdAt: 'createdAsc',
  '-updatedAt': 'updatedDesc',
  '-lastContactAt': 'contactDesc',
  lastContactAt: 'contactAsc',
} as const satisfies Partial<Record<Sort, string>>;

export function useSortOptions() {
  const { t } = useTranslation();
  return useMemo(
    () =>
      (Object.keys(sortLabels) as (keyof typeof sortLabels)[]).map((value) => ({
        value,
        label: t(`customers.sorts.${sortLabels[value]}`),
      })),
    [t],
  );
}
