/**
 * Users and their access tokens. Tokens are stored only as SHA-256 hashes; deleting a user
 * removes everything that belongs to them.
 */
import type Database from 'better-sqlite3';
import type { PasswordHash } from '../domain/passwords';

export interface User {
  readonly id: string;
  readonly app: string;
  readonly username: string;
  readonly password: PasswordHash;
}

interface UserRow {
  id: string;
  app: string;
  username: string;
  salt: string;
  hash: string;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  app: row.app,
  username: row.username,
  password: { salt: row.salt, hash: row.hash },
});

/** Statements run, in order, to delete a user's data. */
const USER_DATA_DELETES = [
  'DELETE FROM tokens WHERE app = @app AND user_id = @user',
  'DELETE FROM shares WHERE app = @app AND (owner = @user OR target = @user)',
  'DELETE FROM changes WHERE app = @app AND (owner = @user OR audience = @user)',
  'DELETE FROM versions WHERE app = @app AND owner = @user',
  'DELETE FROM objects WHERE app = @app AND owner = @user',
  'DELETE FROM users WHERE app = @app AND id = @user',
];

export class UserStore {
  /**
   * How many times tokens were revoked (a password changed or reset, a user deleted) since the
   * store was opened: a request held since then checks its token again.
   */
  revocations = 0;
  private readonly insertUser;
  private readonly byName;
  private readonly byId;
  private readonly setName;
  private readonly setPassword;
  private readonly insertToken;
  private readonly tokenUser;
  private readonly deleteTokens;
  private readonly deletes;

  constructor(db: Database.Database) {
    this.insertUser = db.prepare<[string, string, string, string, string]>(
      'INSERT INTO users (id, app, username, salt, hash) VALUES (?, ?, ?, ?, ?)',
    );
    this.byName = db.prepare<[string, string], UserRow>(
      'SELECT * FROM users WHERE app = ? AND username = ?',
    );
    this.byId = db.prepare<[string, string], UserRow>(
      'SELECT * FROM users WHERE app = ? AND id = ?',
    );
    this.setName = db.prepare<[string, string]>('UPDATE users SET username = ? WHERE id = ?');
    this.setPassword = db.prepare<[string, string, string]>(
      'UPDATE users SET salt = ?, hash = ? WHERE id = ?',
    );
    this.insertToken = db.prepare<[string, string, string]>(
      'INSERT INTO tokens (hash, app, user_id) VALUES (?, ?, ?)',
    );
    this.tokenUser = db
      .prepare<[string, string], string>('SELECT user_id FROM tokens WHERE hash = ? AND app = ?')
      .pluck();
    this.deleteTokens = db.prepare<[string]>('DELETE FROM tokens WHERE user_id = ?');
    this.deletes = USER_DATA_DELETES.map((sql) => db.prepare<{ app: string; user: string }>(sql));
  }

  create(user: User): void {
    this.insertUser.run(user.id, user.app, user.username, user.password.salt, user.password.hash);
  }

  /** The user named `username` (compared case-insensitively) in `app`. */
  findByName(app: string, username: string): User | undefined {
    const row = this.byName.get(app, username);
    return row && toUser(row);
  }

  findById(app: string, id: string): User | undefined {
    const row = this.byId.get(app, id);
    return row && toUser(row);
  }

  rename(userId: string, username: string): void {
    this.setName.run(username, userId);
  }

  /** Replaces the password and revokes every token the user holds. */
  changePassword(userId: string, password: PasswordHash): void {
    this.setPassword.run(password.salt, password.hash, userId);
    this.deleteTokens.run(userId);
    this.revocations += 1;
  }

  addToken(app: string, userId: string, tokenHash: string): void {
    this.insertToken.run(tokenHash, app, userId);
  }

  /** The id of the user holding the token whose hash is `tokenHash` in `app`. */
  tokenOwner(app: string, tokenHash: string): string | undefined {
    return this.tokenUser.get(tokenHash, app);
  }

  /** Deletes the user, their tokens, objects, versions, change history and shares. */
  delete(app: string, userId: string): void {
    for (const statement of this.deletes) statement.run({ app, user: userId });
    this.revocations += 1;
  }
}
