// Drives the reconnect dialog from the state Blazor reports on it.
const modal = document.getElementById("components-reconnect-modal");

modal.addEventListener("components-reconnect-state-changed", (event) => {
  switch (event.detail.state) {
    case "show":
      if (!modal.open) modal.showModal();
      break;
    case "hide":
      modal.close();
      break;
    case "failed":
      document.addEventListener("visibilitychange", retryWhenVisible);
      break;
    case "rejected":
      // The server has no such circuit any more (it restarted): a fresh load resumes the same page.
      location.reload();
      break;
  }
});

document.getElementById("components-reconnect-button").addEventListener("click", retry);

async function retry() {
  document.removeEventListener("visibilitychange", retryWhenVisible);
  try {
    // false: the server answered but rejected the circuit, so only a reload can resume.
    if (!await Blazor.reconnect()) location.reload();
  } catch {
    document.addEventListener("visibilitychange", retryWhenVisible);
  }
}

function retryWhenVisible() {
  if (document.visibilityState === "visible") retry();
}
