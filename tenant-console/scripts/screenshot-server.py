"""
Serves a console build with a fixture API, for the screenshots in docs/ only (not the platform: its data is made up
here, and the token is unsigned). Usage: build into <dir>/console (npx vite build --outDir <dir>/console), put a
config.json there ({"authority": "http://127.0.0.1:9/realms/jifen", "clientId": "jifen-console"}), copy this file to
<dir>, run it with a port, then
  chromium --headless=new --window-size=1280,800 --virtual-time-budget=20000 --screenshot=members.png \
    "http://127.0.0.1:<port>/seed?to=/console/members"
(/seed puts a signed-in admin into the tab's sessionStorage, then opens the page).
"""
import base64, http.server, json, os, sys, time
root = os.path.dirname(os.path.abspath(__file__))
def b64(o): return base64.urlsafe_b64encode(json.dumps(o).encode()).decode().rstrip('=')
now = int(time.time())
token = b64({'alg': 'none'}) + '.' + b64({'sub': 'u-1', 'name': '贝拉管理员', 'tenant_id': '0b0b0b0b-0000-4000-8000-000000000001', 'realm_access': {'roles': ['tenant-admin']}, 'exp': now + 36000}) + '.x'
user = {'id_token': token, 'access_token': token, 'token_type': 'Bearer', 'scope': 'openid', 'profile': {'sub': 'u-1'}, 'expires_at': now + 36000}
members = [{'id': f'm-{i}', 'externalId': f'bella-baby-c-{i:03d}', 'audience': 'CONSUMER' if i % 4 else 'EMPLOYEE', 'status': 'FROZEN' if i == 3 else 'ACTIVE',
            'displayName': n, 'mobile': f'1380000{i:04d}', 'email': None, 'createdAt': '2026-11-0%dT08:00:00Z' % (1 + i % 9), 'updatedAt': '2026-11-20T08:00:00Z'}
           for i, n in enumerate(['小贝', '王芳', '李娜', '张伟', '刘洋', '陈静', '杨磊', '赵敏'], 1)]
rules = {'rules': [{'id': 'base', 'name': '消费得积分', 'eventTypes': ['ORDER_PAID'], 'award': {'kind': 'PER_YUAN', 'points': 1}},
                   {'id': 'double-day', 'name': '会员日双倍', 'eventTypes': ['ORDER_PAID'], 'award': {'kind': 'MULTIPLIER', 'factor': 2}, 'when': {'minAmountFen': 5000}}]}
version = {'id': 'v-2', 'version': 2, 'state': 'DRAFT', 'effectiveFrom': '2026-12-01T00:00:00Z', 'rules': rules, 'note': '十二月会员日', 'createdAt': '2026-11-30T08:00:00Z'}
api = {
  '/api/v1/members': {'items': members, 'page': 0, 'size': 20, 'totalItems': 1284, 'totalPages': 65},
  '/api/v1/earning/rule-versions/v-2': version,
}
class H(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k): super().__init__(*a, directory=root, **k)
    def do_GET(self):
        path = self.path.split('?')[0]
        if path == '/seed':
            target = self.path.split('to=')[1]
            body = ('<script>sessionStorage.setItem("oidc.user:http://127.0.0.1:9/realms/jifen:jifen-console", %s);location.replace("%s")</script>'
                    % (json.dumps(json.dumps(user)), target)).encode()
            self.send_response(200); self.send_header('Content-Type', 'text/html'); self.end_headers(); self.wfile.write(body); return
        if path.startswith('/api/'):
            body = json.dumps(api.get(path, {'items': [], 'next': None})).encode()
            self.send_response(200); self.send_header('Content-Type', 'application/json'); self.end_headers(); self.wfile.write(body); return
        if path.startswith('/console/') and not os.path.exists(self.translate_path(path)):
            self.path = '/console/index.html'
        return super().do_GET()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
