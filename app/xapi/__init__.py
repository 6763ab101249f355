"""Learning records: xAPI statements of completions, quiz results, attendance and
certificates, kept with the learning and sent to a Learning Record Store."""


def init_app(app):
    """Listen for learning as it is saved; register the pages and the CLI."""
    from app.xapi import capture
    from app.xapi.cli import xapi_cli
    from app.xapi.views import bp

    capture.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(xapi_cli)
