"""Django's PostgreSQL backend, pointed at the embedded server, which it starts on the
first connection (so commands that never query the database never start it)."""

from django.db.backends.postgresql import base

from cme import dbserver


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        embedded = self.settings_dict["OPTIONS"].get("embedded", {})
        for key in ("embedded",):
            params.pop(key, None)
        server = dbserver.server_for(embedded["pgdata"], durable=embedded.get("durable", True),
                                     delete_on_exit=embedded.get("delete_on_exit", False))
        address = server.ensure_running()
        params["host"] = str(address.socket_dir)
        params["port"] = address.port
        self._ensure_database(server, address)
        return params

    def _ensure_database(self, server, address) -> None:
        name = self.settings_dict["OPTIONS"]["embedded"].get("database")
        # Only the service's own database is created here; test databases are
        # created by Django's test set-up under their own names.
        if not name or self.settings_dict["NAME"] != name or getattr(server, "_database_checked", None) == name:
            return
        import psycopg
        from psycopg import sql

        with psycopg.connect(host=str(address.socket_dir), port=address.port, user="postgres", dbname="postgres",
                             autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        server._database_checked = name
