export default function Home() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 720, margin: "3rem auto", lineHeight: 1.5 }}>
      <h1>Tidemark</h1>
      <p>Model registry, inference API and prediction log are running. The API lives under <code>/api/v1</code>; see the README for the calls.</p>
    </main>
  );
}
