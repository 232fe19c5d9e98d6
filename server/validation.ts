import { z } from "zod";

/**
 * Validation messages are catalog keys with parameters ("v.tooShort|min=12"), so the same schema
 * speaks English or Chinese: the server translates them for the request's locale
 * (server/i18n.ts), forms translate them on the client.
 */
z.config({
  customError: (iss) => {
    const kind = iss.origin === "string" ? "chars" : iss.origin === "array" || iss.origin === "set" ? "items" : "value";
    switch (iss.code) {
      case "too_small":
        if (iss.origin === "string" && Number(iss.minimum) === 1) return "v.required";
        return `v.tooSmall.${kind}|min=${String(iss.minimum)}`;
      case "too_big":
        return `v.tooBig.${kind}|max=${String(iss.maximum)}`;
      case "invalid_type":
        return iss.input === undefined ? "v.required" : `v.invalidType|expected=${iss.expected}`;
      case "invalid_format":
        if (iss.format === "email") return "v.email";
        if (iss.format === "uuid") return "v.invalidId";
        if (iss.format === "url") return "v.url";
        return "v.invalidFormat";
      case "invalid_value":
        return "v.invalidOption";
      case "unrecognized_keys":
        return `v.unknownKeys|keys=${iss.keys.join(", ")}`;
      case "not_multiple_of":
      case "invalid_union":
      case "invalid_key":
      case "invalid_element":
        return "v.invalid";
      default:
        return undefined;
    }
  },
});

export { z };
