"""The signed-in home page (each role's work), the service navigation and what every
page's layout needs to know about the person signed in. It reads from every app, so it
sits near the top of the layers."""
