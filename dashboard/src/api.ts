// The only module that talks to the service: GraphQL at /graphql, downloads at /exports/*.
import { clearSession, isExpired, storedSession } from "./session";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Raised when the token is missing, expired or refused: the app shows the sign-in page. */
export class SessionExpired extends ApiError {
  constructor() {
    super("session expired", "UNAUTHENTICATED");
  }
}

function authorization(): Record<string, string> {
  const session = storedSession();
  if (!session) return {};
  if (isExpired(session)) throw new SessionExpired();
  return { Authorization: `Bearer ${session.token}` };
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

/** `anonymous` sends no token: signing in must work while an expired session is still stored. */
export async function graphql<T>(
  query: string,
  variables: object = {},
  { anonymous = false }: { anonymous?: boolean } = {},
): Promise<T> {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(anonymous ? {} : authorization()) },
    body: JSON.stringify({ query, variables }),
  });
  let answer: GraphQLAnswer<T>;
  try {
    answer = (await response.json()) as GraphQLAnswer<T>;
  } catch {
    throw new ApiError(`HTTP ${response.status}`, "NETWORK");
  }
  const error = answer.errors?.[0];
  if (error) {
    const code = error.extensions?.code ?? "INTERNAL_SERVER_ERROR";
    if (code === "UNAUTHENTICATED") {
      clearSession();
      throw new SessionExpired();
    }
    throw new ApiError(error.message, code, error.extensions);
  }
  if (!answer.data) throw new ApiError(`HTTP ${response.status}`, "NETWORK");
  return answer.data;
}

/** Fetches `/exports/<file>` with the caller's token and hands the file to the browser. */
export async function downloadExport(file: string, params: URLSearchParams): Promise<void> {
  const response = await fetch(`/exports/${file}?${params}`, { headers: authorization() });
  if (response.status === 401) {
    clearSession();
    throw new SessionExpired();
  }
  if (!response.ok) throw new ApiError(`HTTP ${response.status}`, "EXPORT_FAILED");
  saveBlob(await response.blob(), file);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
