import "next-auth";

declare module "next-auth" {
  interface User {
    epoch?: number;
  }
  interface Session {
    epoch?: number;
  }
}
