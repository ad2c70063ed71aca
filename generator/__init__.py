"""Generator of the Lokale Inburgerings- en Integratiemonitor (LIIM) static site."""
