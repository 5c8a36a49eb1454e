"""Leadership's pages: the response inbox, reading a decided concern, publishing a response."""
