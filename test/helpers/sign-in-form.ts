/**
 * Signs in as a browser without JavaScript would: posts the login page's form (with the server
 * action's hidden fields) and returns the session cookie's value. For tests that need a session but
 * no browser.
 */
export async function signInWithForm(baseUrl: string, credential: string, name = "Test user"): Promise<string> {
  const html = await (await fetch(`${baseUrl}/login`)).text();
  const form = new FormData();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    form.set(
      match[1],
      (match[2] ?? "")
        .replaceAll("&quot;", '"')
        .replaceAll("&#x27;", "'")
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&amp;", "&"),
    );
  }
  form.set("credential", credential);
  form.set("name", name);
  const response = await fetch(`${baseUrl}/login`, { method: "POST", body: form, redirect: "manual" });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("tidemark_session="));
  if (!cookie) throw new Error(`signing in set no session cookie (status ${response.status})`);
  return cookie.slice("tidemark_session=".length).split(";")[0];
}
