/* Placeholder: registers the service worker (being written). */
