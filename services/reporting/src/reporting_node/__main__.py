from reporting_node.main import run

run()
