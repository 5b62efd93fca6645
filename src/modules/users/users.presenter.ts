import type { Locale } from '#src/shared/schema.ts';
import type { Role, User } from '#src/modules/users/users.schema.ts';

interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: string;
  team_id: string | null;
  team_name: string | null;
  locale: string;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
}

/** The public shape of a staff member; never includes the password hash. */
export const presentUser = (row: UserRecord): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  teamId: row.team_id,
  teamName: row.team_name,
  locale: row.locale as Locale,
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  lastLoginAt: row.last_login_at?.toISOString() ?? null,
});
