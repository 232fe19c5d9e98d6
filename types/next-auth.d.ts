import "next-auth";

declare module "next-auth" {
  interface User {
    epoch?: number;
  }
  interface Session {
    epoch?: number;
    /** Sign-in time (seconds since the epoch), for the absolute session timeout. */
    authAt?: number;
    /** The server-side session (user_sessions row) this sign-in stands for. */
    sid?: string;
  }
}
