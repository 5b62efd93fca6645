import type { ColumnType, Generated } from 'kysely';

/**
 * Table types for Kysely. They mirror the migrations; `db/schema.test.ts` compares them with the migrated
 * database's catalogue so they cannot drift.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a database default that updates may set. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface TeamsTable {
  id: string;
  name: string;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  team_id: string | null;
  locale: Generated<string>;
  password_hash: string;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
  last_login_at: Timestamp | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: DefaultedTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: string;
  at: DefaultedTimestamp;
  actor_id: string | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  ip: string | null;
  request_id: string | null;
}

/** A numeric column: PostgreSQL's exact decimal as a string (db/types.ts). */
type Decimal = ColumnType<string, string | number, string | number>;
type JsonObject = ColumnType<unknown, string | undefined, string>;
/** A text[] column with a database default. */
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
type JsonValue = ColumnType<unknown, string, string>;
/** A date column: `YYYY-MM-DD` (db/types.ts). */
type DateText = string;

export interface CustomersTable {
  id: string;
  ref: string;
  kind: string;
  name: string;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  search_text: Generated<string>;
  gender: string | null;
  birthday: DateText | null;
  phone: string | null;
  email: string | null;
  country: Generated<string>;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  occupation: string | null;
  income_band: string | null;
  education: string | null;
  marital_status: string | null;
  industry: string | null;
  company_size: string | null;
  annual_revenue: number | null;
  credit_code: string | null;
  credit_rating: string | null;
  tags: TextArray;
  lifecycle_stage: Generated<string>;
  key_account: Generated<boolean>;
  value_class: string | null;
  source: string | null;
  owner_id: string | null;
  team_id: string | null;
  parent_id: string | null;
  consent: JsonObject;
  custom: JsonObject;
  notes: string | null;
  last_contact_at: Timestamp | null;
  merged_into: string | null;
  version: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  deleted_at: Timestamp | null;
  erased_at: Timestamp | null;
}

export interface CustomerLinksTable {
  id: string;
  person_id: string;
  organization_id: string;
  role: string;
  strength: Generated<number>;
  title: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface CustomFieldsTable {
  id: string;
  key: string;
  label: string;
  type: string;
  options: TextArray;
  required: Generated<boolean>;
  position: Generated<number>;
  archived: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface SavedViewsTable {
  id: string;
  user_id: string;
  entity: string;
  name: string;
  query: JsonValue;
  shared: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface InteractionsTable {
  id: string;
  ref: string | null;
  customer_id: string;
  channel: string;
  direction: string;
  subject: string | null;
  notes: string | null;
  outcome: string | null;
  occurred_at: Timestamp;
  staff_id: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  price: Generated<number>;
  currency: string;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface OrdersTable {
  id: string;
  ref: string;
  customer_id: string;
  ordered_at: Timestamp;
  order_day: DateText;
  amount: number;
  currency: string;
  quantity: Decimal | null;
  margin: number | null;
  status: Generated<string>;
  channel: string | null;
  notes: string | null;
  owner_id: string | null;
  version: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface OrderItemsTable {
  id: string;
  order_id: string;
  customer_id: string;
  line: number;
  product_id: string | null;
  sku: string | null;
  product_name: string | null;
  quantity: Decimal;
  unit_price: Decimal;
  amount: Decimal;
}

export interface CustomerStatsTable {
  customer_id: string;
  currency: string;
  first_order_day: DateText;
  last_order_day: DateText;
  orders: number;
  purchase_days: number;
  revenue: number;
  repeat_revenue: number;
  margin: number | null;
  returns: Generated<number>;
}

export interface ImportsTable {
  id: string;
  entity: string;
  file_name: string;
  status: Generated<string>;
  dry_run: Generated<boolean>;
  options: JsonObject;
  rows_total: Generated<number>;
  rows_done: Generated<number>;
  imported: Generated<number>;
  skipped: Generated<number>;
  errors: Generated<number>;
  error_report: string | null;
  message: string | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface DuplicateCandidatesTable {
  id: string;
  customer_id: string;
  other_id: string;
  reason: string;
  score: number;
  status: Generated<string>;
  detected_at: DefaultedTimestamp;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
}

export interface DB {
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  customers: CustomersTable;
  customer_links: CustomerLinksTable;
  custom_fields: CustomFieldsTable;
  saved_views: SavedViewsTable;
  interactions: InteractionsTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  customer_stats: CustomerStatsTable;
  imports: ImportsTable;
  duplicate_candidates: DuplicateCandidatesTable;
}
