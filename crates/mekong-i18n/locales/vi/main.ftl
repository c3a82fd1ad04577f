## Page shell
site-name = Mekong
shell-skip-to-content = Chuyển đến nội dung
shell-languages = Ngôn ngữ
shell-main-navigation = Điều hướng chính
shell-breadcrumb = Đường dẫn điều hướng
shell-funder-statement = Với sự hỗ trợ tài chính của Liên minh châu Âu (quan hệ đối tác chiến lược AIMF – EU, SGA4).
shell-footer-network = Mạng lưới AIMF các thành phố Đông Nam Á
shell-api = API mở
nav-home = Trang chủ
nav-cities = Thành phố thành viên
flash-language-changed = Đã thay đổi ngôn ngữ.

## Home
home-title = Mạng lưới các thành phố Đông Nam Á
home-lead = Mekong tập hợp hoạt động của mạng lưới AIMF gồm các thành phố của Campuchia, Lào và Việt Nam: thành phố thành viên, các cuộc họp, dự án, kết quả và báo cáo.
home-member-cities = Thành phố thành viên
home-countries = Quốc gia
home-see-cities = Xem các thành phố thành viên

## Member cities
cities-title = Thành phố thành viên
cities-intro = Các chính quyền địa phương thành viên AIMF của Campuchia, Lào và Việt Nam, kèm theo nguồn của từng thông tin.
cities-caption = Các thành phố thành viên của mạng lưới
city-name = Tên
city-local-name = Tên bằng chữ viết địa phương
city-name-fr = Tên bằng tiếng Pháp
city-name-en = Tên bằng tiếng Anh
city-code = Mã
city-country = Quốc gia
city-region = Vùng hành chính
city-population = Dân số
city-population-year = năm { $year }
city-coordinates = Tọa độ (vĩ độ, kinh độ)
city-sources = Nguồn
city-unknown = Không rõ
city-unverified = đã công bố gia nhập
city-unverified-explained = Việc gia nhập của chính quyền địa phương này đã được công bố, nhưng chưa có nguồn công khai nào xác nhận.
country-KH = Campuchia
country-LA = Lào
country-VN = Việt Nam

## Errors
error-code-label = Mã:
error-request-label = Yêu cầu:
error-back-home = Quay lại trang chủ
error-not-found-title = Không tìm thấy trang
error-not-found = Trang bạn yêu cầu không tồn tại hoặc đã được chuyển đi.
error-unauthenticated-title = Yêu cầu đăng nhập
error-unauthenticated = Vui lòng đăng nhập để truy cập trang này.
error-forbidden-title = Truy cập bị từ chối
error-forbidden = Bạn không có quyền cần thiết để thực hiện thao tác này.
error-validation-title = Dữ liệu không hợp lệ
error-validation = Một số thông tin đã nhập không hợp lệ. Vui lòng sửa các trường được đánh dấu.
error-conflict-title = Thay đổi xung đột
error-conflict = Bản ghi này đã bị người khác thay đổi kể từ khi bạn mở.
error-unavailable-title = Dịch vụ không khả dụng
error-unavailable = Cơ sở dữ liệu không phản hồi. Vui lòng thử lại sau giây lát.
error-internal-title = Lỗi nội bộ
error-internal = Đã xảy ra lỗi ngoài dự kiến. Lỗi đã được ghi lại; vui lòng cung cấp mã yêu cầu khi liên hệ bộ phận hỗ trợ.
error-duplicate = Giá trị này đã được sử dụng.
error-city-code = Mã thành phố không hợp lệ: hai chữ cái chỉ quốc gia, một dấu gạch ngang và ba chữ cái (ví dụ KH-PNH).
error-country = Quốc gia không xác định: vui lòng dùng KH, LA hoặc VN.
error-throttled-title = Quá nhiều lần thử
error-throttled = Đã có quá nhiều lần đăng nhập không thành công. Vui lòng đợi mười lăm phút trước khi thử lại.
error-sign-in = Địa chỉ email hoặc mật khẩu không đúng.
error-email = Địa chỉ email không hợp lệ.
error-password-short = Mật khẩu phải có ít nhất 12 ký tự.
error-password-weak = Mật khẩu này quá dễ đoán: hãy đặt mật khẩu dài hơn hoặc kết hợp các từ không liên quan đến nhau.
error-password-mismatch = Hai mật khẩu không giống nhau.
error-current-password = Mật khẩu hiện tại không đúng.
error-link-expired = Liên kết này không còn hiệu lực: liên kết đã được sử dụng hoặc đã được tạo quá 24 giờ.
error-display-name = Vui lòng nhập tên (tối đa 120 ký tự).
error-language = Vui lòng chọn một trong năm ngôn ngữ.
error-time-zone = Múi giờ không xác định: vui lòng dùng tên như Asia/Phnom_Penh.
error-role = Vai trò không xác định.
error-scope-required = Vai trò này phải được giới hạn trong một thành phố (mã như KH-PNH), một tổ chức hoặc một đợt kêu gọi đề xuất (mã định danh).
error-scope-not-allowed = Vai trò này không giới hạn theo phạm vi: vui lòng để trống trường này.
error-own-admin-role = Bạn không thể tự thu hồi vai trò quản trị viên của chính mình.
error-deactivate-self = Bạn không thể vô hiệu hóa tài khoản của chính mình.
error-token-name = Vui lòng đặt tên cho mã truy cập, tối đa 80 ký tự.
error-token-grants = Vui lòng chọn ít nhất một trong các vai trò của bạn cho mã truy cập này.
error-valid-days = Vui lòng nhập số ngày là số dương, hoặc để trống.
error-audit-filter = Bộ lọc không hợp lệ: ngày theo định dạng YYYY-MM-DD (năm-tháng-ngày), người dùng theo mã định danh.

## Page shell (accounts)
shell-user-menu = Tài khoản của bạn
nav-users = Người dùng
nav-audit = Nhật ký kiểm tra
nav-outbox = Email đã gửi
sign-in-title = Đăng nhập
sign-in-button = Đăng nhập
sign-in-forgot = Quên mật khẩu?
sign-out-button = Đăng xuất
save-button = Lưu
filter-button = Lọc
never = chưa từng

## Fields
field-email = Địa chỉ email
field-password = Mật khẩu
field-current-password = Mật khẩu hiện tại
field-new-password = Mật khẩu mới
field-confirm-password = Xác nhận mật khẩu mới
field-display-name = Tên
field-language = Ngôn ngữ
field-time-zone = Múi giờ
field-role = Vai trò
field-scope = Phạm vi
field-token-name = Tên mã truy cập
field-valid-days = Thời hạn hiệu lực (số ngày; để trống: không giới hạn)
password-rules = Ít nhất 12 ký tự và khó đoán: một câu gồm nhiều từ là lựa chọn tốt.
time-zone-hint = Ví dụ:
scope-hint = Đối với đầu mối, nhập mã thành phố (KH-PNH); đối với đối tác hoặc người đánh giá, nhập mã định danh của tổ chức hoặc của đợt kêu gọi đề xuất. Để trống đối với các vai trò khác.

## Flash messages
flash-signed-in = Bạn đã đăng nhập.
flash-signed-out = Bạn đã đăng xuất.
flash-signed-out-everywhere = Tất cả các phiên làm việc của bạn đã được kết thúc.
flash-settings-saved = Đã lưu cài đặt của bạn.
flash-password-changed = Mật khẩu của bạn đã được thay đổi.
flash-password-set = Đã lưu mật khẩu của bạn. Bây giờ bạn có thể đăng nhập.
flash-token-revoked = Mã truy cập đã bị thu hồi.
flash-user-invited = Lời mời đã được gửi.
flash-role-granted = Vai trò đã được cấp.
flash-role-withdrawn = Vai trò đã được thu hồi.
flash-user-deactivated = Tài khoản đã bị vô hiệu hóa và các phiên làm việc của tài khoản đã được kết thúc.
flash-user-reactivated = Tài khoản đã được kích hoạt lại.

## Passwords by email
forgot-title = Quên mật khẩu
forgot-intro = Vui lòng nhập địa chỉ email của bạn: nếu có tài khoản sử dụng địa chỉ này, bạn sẽ nhận được một liên kết để chọn mật khẩu mới.
forgot-button = Gửi liên kết
forgot-sent = Nếu có tài khoản sử dụng địa chỉ này, một liên kết vừa được gửi đến địa chỉ đó. Liên kết có hiệu lực trong 24 giờ.
accept-title = Chấp nhận lời mời
reset-title = Chọn mật khẩu mới
set-password-button = Lưu mật khẩu

## Account
account-title = Tài khoản của tôi
account-settings = Cài đặt
account-password = Mật khẩu
account-sessions = Các phiên làm việc đang mở
account-download-data = Tải xuống dữ liệu của tôi (JSON)
change-password-button = Đổi mật khẩu
sign-out-everywhere-button = Đăng xuất khỏi mọi phiên
session-started = Bắt đầu
session-last-seen = Hoạt động gần nhất
session-device = Trình duyệt
session-address = Địa chỉ
sessions-none = Không có phiên làm việc nào đang mở.
conflict-compare = Thay đổi của bạn và phiên bản đã lưu
conflict-yours = Nội dung bạn đã nhập
conflict-saved = Đã được lưu trong lúc đó
conflict-resubmit = Vui lòng kiểm tra, sau đó lưu lại để thay thế phiên bản đã lưu.

## API tokens
tokens-title = Mã truy cập API
tokens-intro = Mã truy cập cho phép phần mềm khác sử dụng API thay mặt bạn, chỉ với những vai trò mà bạn cấp cho mã đó.
tokens-shown-once = Hãy sao chép mã truy cập này ngay bây giờ: mã sẽ không bao giờ được hiển thị lại.
tokens-rights = Quyền
tokens-created = Ngày tạo
tokens-expires = Hết hạn
tokens-last-used = Lần sử dụng gần nhất
tokens-revoked = đã thu hồi
tokens-revoke = Thu hồi
tokens-new = Mã truy cập mới
tokens-create = Tạo mã truy cập

## Users (administration)
users-title = Người dùng
users-roles = Vai trò
users-status = Trạng thái
users-active = đang hoạt động
users-invited = đã được mời
users-deactivated = đã bị vô hiệu hóa
users-deactivate = Vô hiệu hóa tài khoản
users-reactivate = Kích hoạt lại tài khoản
users-grant = Cấp vai trò
users-withdraw = Thu hồi
invite-title = Mời người dùng
invite-intro = Người được mời sẽ nhận một email bằng ngôn ngữ của mình, kèm theo liên kết có hiệu lực trong 24 giờ để chọn mật khẩu.
invite-button = Gửi lời mời
role-admin = Quản trị viên
role-secretariat = Ban Thư ký AIMF
role-coordinator = Điều phối viên mạng lưới
role-city-focal-point = Đầu mối thành phố
role-partner = Đối tác
role-evaluator = Người đánh giá
role-applicant = Người nộp đơn

## Audit trail
audit-title = Nhật ký kiểm tra
history-title = Lịch sử
city-facts = Thông tin
city-sections = Các phần của trang thành phố
audit-when = Thời gian
audit-who = Người thực hiện
audit-what = Hành động
audit-changes = Thay đổi
audit-none = Không có mục nào.
audit-entity-type = Loại bản ghi
audit-entity-id = Mã định danh
audit-user = Người dùng (mã định danh)
audit-from = Từ ngày
audit-until = Đến ngày
audit-city-created = Đã thêm thành phố
audit-user-invited = Đã mời người dùng
audit-user-signed-in = Đăng nhập
audit-user-signed-out-everywhere = Đăng xuất khỏi mọi phiên
audit-user-invitation-accepted = Đã chấp nhận lời mời
audit-user-password-reset = Đã đặt lại mật khẩu
audit-user-password-changed = Đã đổi mật khẩu
audit-user-settings-changed = Đã thay đổi cài đặt
audit-user-role-granted = Đã cấp vai trò
audit-user-role-withdrawn = Đã thu hồi vai trò
audit-user-deactivated = Đã vô hiệu hóa tài khoản
audit-user-reactivated = Đã kích hoạt lại tài khoản
audit-api-token-created = Đã tạo mã truy cập API
audit-api-token-revoked = Đã thu hồi mã truy cập API

## Outbox
outbox-title = Email đã gửi
outbox-intro = Khi chưa cấu hình máy chủ SMTP, email được lưu tại đây (và trong thư mục outbox của thư mục dữ liệu) thay vì được gửi đi.
outbox-when = Thời gian
outbox-to = Người nhận
outbox-subject = Tiêu đề
outbox-empty = Không có email nào.
email-status-queued = đang chờ gửi
email-status-sent = đã gửi
email-status-failed = gửi không thành công

## Emails
email-greeting = Xin chào { $name },
email-invitation-subject = Lời mời tham gia Mekong
email-invitation-body = { $inviter } mời bạn tham gia Mekong, nền tảng của mạng lưới AIMF các thành phố Đông Nam Á. Vui lòng nhấp vào liên kết dưới đây để chọn mật khẩu của bạn.
email-reset-subject = Chọn mật khẩu Mekong mới
email-reset-body = Đã có yêu cầu đặt mật khẩu mới cho tài khoản Mekong của bạn. Nếu bạn không gửi yêu cầu này, vui lòng bỏ qua thư này.
email-link-expiry = Liên kết này có hiệu lực trong { $hours } giờ và chỉ sử dụng được một lần.
