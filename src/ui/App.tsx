export function App() {
  return (
    <main>
      <h1>Conntrack Lab</h1>
      <p>How a Linux firewall tracks connections.</p>
    </main>
  );
}
